export const placeholdergraph = 'graph';
