export { parseCommand, personRef, PULSE_VERBS, type Command, type CommandSource, type PulseVerb } from './grammar';
export { runCommand, type CommandContext, type CommandReply, type CommandServices, type FormRequest } from './run';
