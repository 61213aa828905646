// The emulator's developer (IAM-like) credentials: a fixed, documented pair so
// that any tool can talk to a local emulator. They are not secret and work
// nowhere else. Override with COGNITO_SYNC_EMULATOR_ACCESS_KEY_ID / _SECRET_ACCESS_KEY.
export const DEVELOPER_CREDENTIALS = {
  accessKeyId: 'EMULATORDEVELOPERKEY',
  secretAccessKey: 'emulator-developer-secret-fake-not-for-aws',
} as const;

export function developerCredentials(env: NodeJS.ProcessEnv = process.env): { accessKeyId: string; secretAccessKey: string } {
  return {
    accessKeyId: env.COGNITO_SYNC_EMULATOR_ACCESS_KEY_ID ?? DEVELOPER_CREDENTIALS.accessKeyId,
    secretAccessKey: env.COGNITO_SYNC_EMULATOR_SECRET_ACCESS_KEY ?? DEVELOPER_CREDENTIALS.secretAccessKey,
  };
}
