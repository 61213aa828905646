// Error types on the wire: the modeled Cognito Sync errors with their HTTP
// status, plus the unmodeled ones AWS front ends emit before an operation runs
// (serialization, signature and routing failures).

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

export type ModeledErrorType = keyof typeof modeledErrors;
export type ErrorType = ModeledErrorType | keyof typeof commonErrors;

export function statusOf(type: ErrorType): number {
  return (modeledErrors as Record<string, number>)[type] ?? (commonErrors as Record<string, number>)[type] ?? 400;
}

// A typed service error: thrown by handlers and the store, serialized by the wire layer.
export class ServiceError extends Error {
  readonly status: number;
  constructor(readonly type: ErrorType, message: string) {
    super(message);
    this.name = type;
    this.status = statusOf(type);
  }
}
