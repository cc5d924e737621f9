import { render } from 'preact';
import { textLanguage } from '../lib/i18n.js';
import { Popup } from './popup.js';

// The page is written in the language of the texts the browser picked (RTL for Arabic).
Object.assign(document.documentElement, textLanguage());
const root = document.getElementById('app');
if (root !== null) render(<Popup />, root);
