import { type Challenge, solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/web/pbkdf2';
import {
  CHALLENGE_DATA_ID,
  CHALLENGE_FIELD_NAME,
  CHALLENGE_SAY,
  CHALLENGE_STATUS_ID,
} from '../views/challenge-props.js';

/**
 * The browser half of a guarded form (/reset; /signin and /change after repeated failures): solves the
 * page's proof of work as soon as the page loads, while the person types, and puts the answer in the
 * form's hidden `altcha` field. A submit before it is done waits for it and then goes on by itself.
 */
function start(): void {
  const data = document.getElementById(CHALLENGE_DATA_ID);
  const status = document.getElementById(CHALLENGE_STATUS_ID);
  const field = document.querySelector<HTMLInputElement>(`input[name="${CHALLENGE_FIELD_NAME}"]`);
  const form = field?.form;
  if (data?.textContent == null || status === null || field == null || form == null) return;
  const challenge = JSON.parse(data.textContent) as Challenge;
  const solved = solve(challenge).then((payload) => {
    field.value = payload ?? '';
    return payload !== null;
  });
  let waiting = false;
  form.addEventListener('submit', (event) => {
    if (field.value !== '') return;
    event.preventDefault();
    if (waiting) return;
    waiting = true;
    // The page's words (views/challenge-field.tsx); English only if the status line carries none.
    status.textContent =
      status.getAttribute(CHALLENGE_SAY.checking) ??
      'Checking your browser before sending the form. This takes a moment.';
    const submitter = event.submitter;
    void solved.then((ok) => {
      waiting = false;
      if (ok) {
        status.textContent = '';
        form.requestSubmit(submitter instanceof HTMLButtonElement ? submitter : null);
      } else {
        status.textContent =
          status.getAttribute(CHALLENGE_SAY.failed) ??
          'Your browser could not finish the check this step needs. Reload the page and try again.';
      }
    });
  });
}

/** The `altcha` field's value: base64 of { challenge, solution }, as ALTCHA's widget sends it; null on failure. */
async function solve(challenge: Challenge): Promise<string | null> {
  // WebCrypto exists only in a secure context: https, or http to this machine.
  if (globalThis.crypto?.subtle === undefined) return null;
  try {
    const solution = await solveChallenge({ challenge, deriveKey, timeout: 120_000 });
    if (solution === null) return null;
    const { parameters, signature } = challenge;
    return btoa(JSON.stringify({ challenge: { parameters, signature }, solution }));
  } catch {
    return null;
  }
}

start();
