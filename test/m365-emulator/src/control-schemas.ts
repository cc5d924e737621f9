import { z } from 'zod';

export const addTenantSchema = z.object({
  id: z.string().min(1).optional(),
  name: z.string().min(1),
  domains: z.array(z.object({ name: z.string().min(3), federated: z.boolean().optional() })).min(1),
});

export const addAppSchema = z.object({
  clientId: z.string().min(1).optional(),
  clientSecret: z.string().min(1).optional(),
  clientSecretEndDateTime: z.string().datetime({ offset: true }).optional(),
  certificatePem: z.string().includes('BEGIN CERTIFICATE').optional(),
  permissions: z.array(z.string()),
  directoryRoles: z.array(z.string()).optional(),
  displayName: z.string().min(1).optional(),
});

export const addUserSchema = z.object({
  userPrincipalName: z.string().includes('@'),
  displayName: z.string().optional(),
  mail: z.string().optional(),
  password: z.string().optional(),
  accountEnabled: z.boolean().optional(),
  onPremisesSyncEnabled: z.boolean().optional(),
  directoryRoles: z.array(z.string()).optional(),
  passwordPolicies: z.string().optional(),
  userType: z.enum(['Member', 'Guest']).nullable().optional(),
});

export const verifyPasswordSchema = z.object({ password: z.string() });

export const passwordHistorySchema = z.object({ candidates: z.array(z.string()) });

export const throttleSchema = z.union([
  z.null(),
  z.object({ writes: z.number().int().positive(), perMs: z.number().int().positive() }),
]);

const pathPrefix = z.string().startsWith('/').optional();

export const faultSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('status'),
    status: z.union([z.literal(429), z.literal(500), z.literal(502), z.literal(503), z.literal(504)]),
    count: z.number().int().positive(),
    pathPrefix,
    retryAfterSeconds: z.number().int().nonnegative().optional(),
  }),
  z.object({
    kind: z.literal('delay'),
    ms: z.number().int().positive(),
    count: z.number().int().positive(),
    pathPrefix,
  }),
  z.object({
    kind: z.literal('lateApply'),
    ms: z.number().int().positive(),
    count: z.number().int().positive(),
    pathPrefix,
  }),
  z.object({ kind: z.literal('drop'), count: z.number().int().positive(), pathPrefix }),
  z.object({
    kind: z.literal('graphError'),
    status: z.number().int().min(400).max(599),
    code: z.string().min(1),
    count: z.number().int().positive(),
    pathPrefix,
  }),
  z.object({
    kind: z.literal('nextLink'),
    nextLink: z.url(),
    count: z.number().int().positive(),
    pathPrefix,
  }),
]);

export const clockSchema = z.object({ advanceMs: z.number().int().nonnegative() });

const days = z.number().int().min(0).max(2147483647).nullable();

export const domainPasswordPolicySchema = z.object({
  passwordValidityPeriodInDays: days,
  passwordNotificationWindowInDays: days.optional(),
});

export const brandingLicenceSchema = z.object({ licensed: z.boolean() });

export const brandingSchema = z.object({
  properties: z.record(z.string(), z.string().nullable()).nullable(),
});

export const outsideChangeSchema = z.object({
  door: z.enum(['admin-center', 'self-service-reset', 'self-service-change', 'other-app']),
  password: z.string(),
  by: z.string().includes('@').optional(),
  app: z
    .object({ appId: z.string().min(1).optional(), displayName: z.string().min(1).optional() })
    .optional(),
});
