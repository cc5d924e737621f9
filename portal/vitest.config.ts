import { passgateProject } from '../vitest.shared.ts';

export default passgateProject('portal');
