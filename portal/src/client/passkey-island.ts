import {
  browserSupportsWebAuthn,
  browserSupportsWebAuthnAutofill,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  startAuthentication,
  startRegistration,
  WebAuthnError,
} from '@simplewebauthn/browser';
import {
  PASSKEY_FORM_ATTRIBUTE,
  PASSKEY_RESPONSE_FIELD,
  PASSKEY_SAY,
  type PasskeySaying,
} from '../views/passkey-props.js';

/**
 * The browser half of the passkey forms (views/passkey-props.ts has the contract): shows the passkey
 * sections where the browser can use passkeys, and on a passkey button fetches the ceremony's options,
 * lets the browser ask for the passkey, and sends the form with its answer. Where a form names an e-mail
 * input (`data-passkey-autofill`), the browser also offers the person's passkeys in that input's
 * autofill (conditional mediation), so signing in can start without a click. The private key never
 * leaves the authenticator: only the public answer is sent.
 */

/** English, only for a status line that carries no words of its own (the page puts them there). */
const ENGLISH: Record<PasskeySaying, string> = {
  busy: 'Follow your browser to use your passkey.',
  cancelled:
    'The passkey was not used: it was cancelled, or it took too long. Try again, or use another way.',
  registered:
    'This device or security key already holds a passkey for your account. Use another one to add a passkey.',
  failed: 'Your browser could not use a passkey here. Try again, or use another way.',
};

/** What the status line says for `saying`, in the page's language (views/passkey-status.tsx). */
function say(status: HTMLElement | null, saying: PasskeySaying): string {
  return status?.getAttribute(PASSKEY_SAY[saying]) ?? ENGLISH[saying];
}

type Options = PublicKeyCredentialCreationOptionsJSON | PublicKeyCredentialRequestOptionsJSON;

// One options request at a time: the first one also sets the browser's ceremony cookie, which the
// next must carry (a button pressed while the autofill's request is on its way waits for it).
let queue: Promise<unknown> = Promise.resolve();

function fetchOptions(form: HTMLFormElement): Promise<{ options: Options } | { words: string }> {
  const failed = say(form.querySelector<HTMLElement>('[data-passkey-status]'), 'failed');
  const run = async (): Promise<{ options: Options } | { words: string }> => {
    const body = new URLSearchParams();
    body.set('_csrf', (form.elements.namedItem('_csrf') as HTMLInputElement | null)?.value ?? '');
    body.set('purpose', form.dataset.passkeyPurpose ?? '');
    try {
      const answer = await fetch(form.dataset.passkeyOptions ?? '', {
        method: 'POST',
        body,
        credentials: 'same-origin',
        headers: { Accept: 'application/json' },
      });
      const json = (await answer.json()) as { options?: Options; words?: string };
      if (answer.ok && json.options !== undefined) return { options: json.options };
      return { words: json.words ?? failed };
    } catch {
      return { words: failed };
    }
  };
  const result = queue.then(run);
  queue = result.catch(() => undefined);
  return result;
}

/** Words for a ceremony that did not finish; null when another ceremony took over (nothing to say). */
function wordsFor(error: unknown): PasskeySaying | null {
  if (error instanceof WebAuthnError) {
    if (error.code === 'ERROR_CEREMONY_ABORTED') return null;
    if (error.code === 'ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED') return 'registered';
  }
  if (error instanceof Error && error.name === 'NotAllowedError') return 'cancelled';
  if (error instanceof Error && error.name === 'AbortError') return null;
  return 'failed';
}

function send(form: HTMLFormElement, field: HTMLInputElement, answer: unknown): void {
  field.value = JSON.stringify(answer);
  // submit(), not requestSubmit(): the answer is in, the submit handler has nothing more to do.
  form.submit();
}

function wire(form: HTMLFormElement): void {
  const field = form.querySelector<HTMLInputElement>(`input[name="${PASSKEY_RESPONSE_FIELD}"]`);
  const status = form.querySelector<HTMLElement>('[data-passkey-status]');
  if (field === null || status === null) return;
  const ceremony = form.getAttribute(PASSKEY_FORM_ATTRIBUTE);
  let busy = false;

  form.addEventListener('submit', (event) => {
    if (field.value !== '') return;
    event.preventDefault();
    if (busy) return;
    busy = true;
    status.textContent = say(status, 'busy');
    void (async () => {
      const fetched = await fetchOptions(form);
      if ('words' in fetched) {
        status.textContent = fetched.words;
        return;
      }
      try {
        const answer =
          ceremony === 'register'
            ? await startRegistration({
                optionsJSON: fetched.options as PublicKeyCredentialCreationOptionsJSON,
              })
            : await startAuthentication({
                optionsJSON: fetched.options as PublicKeyCredentialRequestOptionsJSON,
              });
        status.textContent = '';
        send(form, field, answer);
      } catch (error) {
        const saying = wordsFor(error);
        status.textContent = saying === null ? '' : say(status, saying);
      }
    })().finally(() => {
      busy = false;
    });
  });

  const autofillId = form.dataset.passkeyAutofill;
  if (ceremony === 'sign-in' && autofillId !== undefined) void autofill(form, field, autofillId);
}

/** Conditional mediation: the person's passkeys in the e-mail input's autofill, while the page is open. */
async function autofill(form: HTMLFormElement, field: HTMLInputElement, inputId: string): Promise<void> {
  const input = document.getElementById(inputId);
  if (!(input instanceof HTMLInputElement) || !(await browserSupportsWebAuthnAutofill())) return;
  // The token must come last (WebAuthn §5.1.3 "webauthn" autofill detail token).
  const tokens = input.getAttribute('autocomplete') ?? '';
  if (!/\bwebauthn$/.test(tokens)) input.setAttribute('autocomplete', `${tokens} webauthn`.trim());
  const fetched = await fetchOptions(form);
  if ('words' in fetched) return;
  try {
    const answer = await startAuthentication({
      optionsJSON: fetched.options as PublicKeyCredentialRequestOptionsJSON,
      useBrowserAutofill: true,
    });
    send(form, field, answer);
  } catch {
    // Cancelled, aborted by the button, or nothing offered: the page goes on as it was.
  }
}

function start(): void {
  if (!browserSupportsWebAuthn()) return;
  for (const section of document.querySelectorAll<HTMLElement>('[data-passkey-section]'))
    section.hidden = false;
  for (const form of document.querySelectorAll<HTMLFormElement>(`form[${PASSKEY_FORM_ATTRIBUTE}]`))
    wire(form);
}

start();
