/** A failed request, with the server's stable code (or `DISCONNECTED`, `TIMEOUT`, `CLOSED`, `REVOKED`). */
export class ClientError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ClientError';
  }
}
