export const portalPlaceholder = 1;
