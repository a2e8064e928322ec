import { messages } from '../messages';
import { text, type Reply } from '../commands/reply';

export const notYetAvailable = (name: string) => async (): Promise<Reply[]> => [text(messages.notYet(name))];
