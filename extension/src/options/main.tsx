import { render } from 'preact';
import { t, textLanguage } from '../lib/i18n.js';
import { Options } from './options.js';

// The page is written in the language of the texts the browser picked (RTL for Arabic).
Object.assign(document.documentElement, textLanguage());
document.title = t('extension.optionsTitle');
const root = document.getElementById('app');
if (root !== null) render(<Options />, root);
