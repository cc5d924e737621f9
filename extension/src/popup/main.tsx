import { render } from 'preact';
import { Popup } from './popup.js';

const root = document.getElementById('app');
if (root !== null) render(<Popup />, root);
