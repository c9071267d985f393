/**
 * A refusal a person can act on: `code` is an i18n key, `field` names the
 * form field it belongs to (if any). Services throw it; routes turn it into a
 * 400 (or 403/404/409) with the message in the person's language.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly options: { field?: string; params?: Record<string, string | number>; status?: number } = {},
  ) {
    super(code);
    this.name = "DomainError";
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
