// Error types on the wire, for both services: the modeled Cognito Sync
// errors with their HTTP status, the errors only the Cognito Identity model
// names, plus the unmodeled ones AWS front ends emit before an operation runs
// (serialization, signature and routing failures). The one error table.

export const modeledErrors = {
  AlreadyStreamedException: 400,
  ConcurrentModificationException: 400,
  DuplicateRequestException: 400,
  InternalErrorException: 500,
  InvalidConfigurationException: 400,
  InvalidLambdaFunctionOutputException: 400,
  InvalidParameterException: 400,
  LambdaThrottledException: 429,
  LimitExceededException: 400,
  NotAuthorizedException: 403,
  ResourceConflictException: 409,
  ResourceNotFoundException: 404,
  TooManyRequestsException: 429,
} as const;

// Not in the model, but seen on the wire (SerializationException, observed in
// aws-sdk-php issue #373) or emitted by the shared AWS request front end for
// every JSON service.
export const commonErrors = {
  SerializationException: 400,
  UnknownOperationException: 404,
  RequestEntityTooLargeException: 413,
  MissingAuthenticationTokenException: 403,
  IncompleteSignatureException: 403,
  InvalidSignatureException: 403,
  UnrecognizedClientException: 403,
  ExpiredTokenException: 403,
} as const;

/**
 * The error type's header, spelled exactly as AWS spells it on both services:
 * the Android SDK's error handler looks it up by this spelling in a
 * case-sensitive map, and iOS decides that a response is an error from it.
 */
export const ERROR_TYPE_HEADER = 'x-amzn-ErrorType';

/**
 * Errors only the Cognito Identity model names. That model carries no HTTP
 * status for its errors; these are the statuses AWS answers with, and the
 * names both models share (NotAuthorizedException 403, ResourceNotFound 404,
 * ResourceConflict 409, TooManyRequests 429, InternalError 500...) keep the
 * Cognito Sync model's codes (operations.test.ts checks every modeled error has one).
 */
export const identityErrors = {
  DeveloperUserAlreadyRegisteredException: 400,
  ExternalServiceException: 400,
  InvalidIdentityPoolConfigurationException: 400,
} as const;

export type ModeledErrorType = keyof typeof modeledErrors;
export type ErrorType = ModeledErrorType | keyof typeof identityErrors | keyof typeof commonErrors;

/**
 * The one status that depends on the protocol: a restJson1 front end (Cognito
 * Sync) answers a path no operation serves with 404 UnknownOperationException,
 * an awsJson1.1 one (Cognito Identity) answers an unknown X-Amz-Target with 400.
 */
export const AWS_JSON_UNKNOWN_OPERATION_STATUS = 400;

const table: Record<string, number> = { ...modeledErrors, ...identityErrors, ...commonErrors };

export function statusOf(type: ErrorType): number {
  return table[type] ?? 400;
}

// A typed service error: thrown by handlers and the store, serialized by the wire layer.
export class ServiceError extends Error {
  readonly status: number;
  /** `status` is the table's, except where the protocol decides (AWS_JSON_UNKNOWN_OPERATION_STATUS). */
  constructor(readonly type: ErrorType, message: string, status: number = statusOf(type)) {
    super(message);
    this.name = type;
    this.status = status;
  }
}
