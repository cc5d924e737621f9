export const placeholderm365 = 'm365';
