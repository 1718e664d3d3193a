import type { types } from '@slack/bolt';
import { tc } from './strings';
import type { Lang } from '../../core/lang';
import { ids } from './ids';

/** The modal 👎 opens: one optional text field, the answer it is about in private_metadata. */
export function renderReasonModal(lang: Lang, about: { channel: string; messageTs: string; passageIds: string[] }): types.ModalView {
  return {
    type: 'modal',
    callback_id: ids.feedbackReasonView,
    private_metadata: JSON.stringify({ ...about, lang }),
    title: { type: 'plain_text', text: tc(lang, 'reasonTitle') },
    submit: { type: 'plain_text', text: tc(lang, 'reasonSubmit') },
    close: { type: 'plain_text', text: tc(lang, 'reasonCancel') },
    blocks: [
      {
        type: 'input',
        block_id: ids.reasonBlock,
        optional: true,
        label: { type: 'plain_text', text: tc(lang, 'reasonLabel') },
        element: { type: 'plain_text_input', action_id: ids.reasonInput, multiline: true, max_length: 3000 },
      },
    ],
  };
}
