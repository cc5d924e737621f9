export const extPlaceholder = 1;
