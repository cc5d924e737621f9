import { randomUUID } from 'node:crypto';
import type { AuditInitiator, DirectoryAuditLog, NewAuditEntry } from './audit-log.js';
import type { EmulatedApp, EmulatedTenant, EmulatedUser } from './directory.js';
import type { PasswordDoor } from './types.js';

/**
 * Where a password can be changed besides Passgate, and what each door writes to the directory audit
 * log. Activity names and services are those of Microsoft's audit activity reference
 * (entra-docs docs/identity/monitoring-health/reference-audit-activities.md): Core Directory logs
 * "Reset password" and "Set force change user password"; Self-service Password Management logs
 * "Reset password (by admin)", "Reset password (self-service)" and "Change password (self-service)".
 */

type Activity = Pick<NewAuditEntry, 'activity' | 'service'>;

const RESET: Activity = { activity: 'Reset password', service: 'Core Directory' };
const FORCE_CHANGE: Activity = { activity: 'Set force change user password', service: 'Core Directory' };

/**
 * An admin center reset is logged by both services (Microsoft names both activities; that one reset
 * writes both is what admins see, not something Microsoft's reference states). Windows' sign-in screen
 * "Reset password" and aka.ms/sspr are the self-service reset; the Authenticator app and My Sign-Ins
 * change the password with the current one. A script is an app writing through Graph, as Passgate does.
 */
const DOOR_ACTIVITIES: Record<PasswordDoor, Activity[]> = {
  'admin-center': [
    RESET,
    { activity: 'Reset password (by admin)', service: 'Self-service Password Management' },
  ],
  'self-service-reset': [
    { activity: 'Reset password (self-service)', service: 'Self-service Password Management' },
  ],
  'self-service-change': [
    { activity: 'Change password (self-service)', service: 'Self-service Password Management' },
  ],
  'other-app': [RESET],
};

export function appInitiator(app: EmulatedApp): AuditInitiator {
  return {
    kind: 'app',
    appId: app.clientId,
    displayName: app.displayName,
    servicePrincipalId: app.servicePrincipalId,
  };
}

function targetOf(user: EmulatedUser): NewAuditEntry['target'] {
  return { id: user.id, userPrincipalName: user.userPrincipalName, displayName: user.displayName };
}

/** Logs what a password write through a door leaves in the tenant's audit log; returns the activity names. */
export function logPasswordWrite(
  log: DirectoryAuditLog,
  tenant: EmulatedTenant,
  user: EmulatedUser,
  door: PasswordDoor,
  initiator: AuditInitiator,
  forceChange = false,
): string[] {
  const activities = [...DOOR_ACTIVITIES[door], ...(forceChange ? [FORCE_CHANGE] : [])];
  const correlationId = randomUUID();
  for (const activity of activities)
    log.append(tenant.id, { ...activity, initiator, target: targetOf(user), correlationId });
  return activities.map((a) => a.activity);
}
