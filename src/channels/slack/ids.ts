/** The action, view and callback ids Kompis puts in Block Kit and listens for. */
export const ids = {
  feedback: 'kompis_feedback',
  sendToCurators: 'kompis_send_to_curators',
  feedbackReasonView: 'kompis_feedback_reason',
  reasonBlock: 'reason',
  reasonInput: 'reason_input',
} as const;
