import { z } from 'zod';
import { objectFields } from './meta';

/** userSchema is iam.gatehouse.dev/v1 User. Its password hash lives apart from the object and is never returned. */
export const userSchema = z.strictObject({
  ...objectFields,
  spec: z.strictObject({
    fullName: z.string().max(256).optional(),
    email: z.string().max(256).optional(),
    groups: z.array(z.string().min(1).max(256)).optional(),
    disabled: z.boolean().optional(),
  }).optional(),
  status: z.looseObject({ lastLogin: z.string().optional(), passwordSet: z.boolean().optional() }).optional(),
});
/** User is iam.gatehouse.dev/v1 User. */
export type User = z.infer<typeof userSchema>;

/** groupSchema is iam.gatehouse.dev/v1 Group: a named set of users. */
export const groupSchema = z.strictObject({
  ...objectFields,
  users: z.array(z.string().min(1)).nullable().optional(),
});
/** Group is iam.gatehouse.dev/v1 Group. */
export type Group = z.infer<typeof groupSchema>;

/** passwordChangeSchema is the body of POST users/{name}/password. */
export const passwordChangeSchema = z.strictObject({
  password: z.string(),
  currentPassword: z.string().optional(),
});

/** loginSchema is the body of POST /auth/login. */
export const loginSchema = z.strictObject({ username: z.string().min(1).max(256), password: z.string().min(1).max(1024) });

/** tokenCreateSchema is the body of POST /auth/tokens (a personal access token for kubectl). */
export const tokenCreateSchema = z.strictObject({
  name: z.string().min(1).max(64),
  expiresInSeconds: z.number().int().min(60).max(366 * 24 * 3600).optional(),
});

/** PersonalToken is how a personal access token is listed (never its value). */
export interface PersonalToken { id: string; name: string; createdAt: string; expiresAt: string; lastUsedAt?: string }

/** PASSWORD_RULES states every rule passwordProblems checks, for forms to show up front. */
export const PASSWORD_RULES = '12 to 256 characters, at least 5 different ones, not containing the user name';

/** passwordProblems lists why a password is too weak (empty when acceptable). */
export function passwordProblems(password: string, username: string): string[] {
  const p: string[] = [];
  if (password.length < 12) p.push('must be at least 12 characters long');
  if (password.length > 256) p.push('must be at most 256 characters long');
  if (username && password.toLowerCase().includes(username.toLowerCase())) p.push('must not contain the username');
  if (new Set(password).size < 5) p.push('must use at least 5 different characters');
  return p;
}
