export const placeholderevents = 'events';
