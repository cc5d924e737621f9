import { fileURLToPath } from 'node:url';

/**
 * The portal package's folder. This module sits one level under src/ (tests, tsx) or dist/
 * (`npm start`), so two steps up is the package root either way.
 */
export const PORTAL_ROOT: string = fileURLToPath(new URL('../../', import.meta.url));
