export const DISABLE_PASSWORD_EXPIRATION = 'DisablePasswordExpiration';

function parts(value: string | null): string[] {
  return (value ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '' && part.toLowerCase() !== 'none');
}

/** Whether Microsoft's own expiry is off for the user (passwordPolicies holds DisablePasswordExpiration). */
export function hasDisablePasswordExpiration(value: string | null): boolean {
  return parts(value).some((part) => part.toLowerCase() === DISABLE_PASSWORD_EXPIRATION.toLowerCase());
}

/**
 * The passwordPolicies value with DisablePasswordExpiration added and every other value kept
 * (Graph: "The two may be specified together; for example: DisablePasswordExpiration,
 * DisableStrongPassword"); `None` means no policy and is dropped. Null when it is there already.
 */
export function withDisablePasswordExpiration(value: string | null): string | null {
  if (hasDisablePasswordExpiration(value)) return null;
  return [DISABLE_PASSWORD_EXPIRATION, ...parts(value)].join(', ');
}
