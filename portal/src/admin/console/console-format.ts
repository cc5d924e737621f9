/** Times on console pages: UTC to the minute, the same for every admin wherever they sit. */
export function formatTime(ms: number | null): string {
  if (ms === null) return 'never';
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** "3 minutes", "2 hours", "5 days": how long ago or how long for. */
export function formatSpan(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  if (minutes < 60) return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} hour${hours === 1 ? '' : 's'}`;
  const days = Math.round(hours / 24);
  return `${days} day${days === 1 ? '' : 's'}`;
}

export const STATUS_WORDS = {
  active: 'Active',
  expired: 'Password expired',
  suspended: 'Suspended',
  pending_activation: 'Pending activation',
} as const;
