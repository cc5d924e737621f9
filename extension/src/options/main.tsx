import { render } from 'preact';
import { Options } from './options.js';

const root = document.getElementById('app');
if (root !== null) render(<Options />, root);
