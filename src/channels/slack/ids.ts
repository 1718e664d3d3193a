/** The action, view and callback ids Kompis puts in Block Kit and listens for. */
export const ids = {
  feedback: 'kompis_feedback',
  sendToCurators: 'kompis_send_to_curators',
  feedbackReasonView: 'kompis_feedback_reason',
  reasonBlock: 'reason',
  reasonInput: 'reason_input',
  /** A tap on a check-in answer: `pulse_pick_<question>_<value>`. */
  pulsePickPrefix: 'pulse_pick_',
  pulseSubmit: 'pulse_submit',
  pulseCommentBlock: 'pulse_comment',
  pulseCommentInput: 'pulse_comment_input',
  pulseSetupView: 'kompis_pulse_setup',
  goalNewView: 'kompis_goal_new',
  goalProgress: 'kompis_goal_progress',
  goalProgressView: 'kompis_goal_progress_view',
} as const;
