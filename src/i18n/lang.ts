/** A language of the messages, notes and tasks. */
export type Lang = 'en' | 'ko';
