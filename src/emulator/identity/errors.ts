// Errors of the emulated Cognito Identity. The AWS model names the error
// shapes but carries no HTTP status for them, so the statuses below are the
// ones AWS answers with (the same names in the Cognito Sync model carry the
// same codes); operations.test.ts checks that every modeled error has one.

export const errorStatus = {
  ConcurrentModificationException: 400,
  DeveloperUserAlreadyRegisteredException: 400,
  ExternalServiceException: 400,
  InternalErrorException: 500,
  InvalidIdentityPoolConfigurationException: 400,
  InvalidParameterException: 400,
  LimitExceededException: 400,
  NotAuthorizedException: 403,
  ResourceConflictException: 409,
  ResourceNotFoundException: 404,
  TooManyRequestsException: 429,
  // Not in the model: the awsJson1.1 front end answers these before any operation runs.
  SerializationException: 400,
  UnknownOperationException: 400,
} as const;

export type IdentityErrorType = keyof typeof errorStatus;

export class IdentityError extends Error {
  readonly status: number;
  constructor(readonly type: IdentityErrorType, message: string) {
    super(message);
    this.name = type;
    this.status = errorStatus[type];
  }
}

export const notFound = (what: string) => new IdentityError('ResourceNotFoundException', `${what} not found.`);
export const notAuthorized = (message: string) => new IdentityError('NotAuthorizedException', message);
export const invalid = (message: string) => new IdentityError('InvalidParameterException', message);
export const conflict = (message: string) => new IdentityError('ResourceConflictException', message);
