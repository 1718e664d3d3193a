export { parseCommand, personRef, type Command, type PulseVerb } from './grammar';
export { runCommand, type CommandContext, type CommandReply, type CommandServices, type FormRequest } from './run';
