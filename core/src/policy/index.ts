export const placeholderpolicy = 'policy';
