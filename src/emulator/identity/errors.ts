// Shorthands for the errors Cognito Identity's store raises most. The types
// and statuses are the one error table's (src/model/errors.ts), shared with
// Cognito Sync.

import { ServiceError } from '../../model/errors.ts';

export const notFound = (what: string) => new ServiceError('ResourceNotFoundException', `${what} not found.`);
export const notAuthorized = (message: string) => new ServiceError('NotAuthorizedException', message);
export const invalid = (message: string) => new ServiceError('InvalidParameterException', message);
export const conflict = (message: string) => new ServiceError('ResourceConflictException', message);
