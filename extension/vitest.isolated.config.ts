import { isolatedUnitProject } from '../vitest.shared.ts';

export default isolatedUnitProject('extension');
