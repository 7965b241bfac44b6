/** The state every form shares: field messages, one form message, and whether it is sending. */
import type { z } from 'zod';
import { failure } from '$lib/api/client';
import { check, type FieldErrors } from '$lib/api/validate';

export class FormState {
  fields = $state<FieldErrors>({});
  error = $state<string>();
  busy = $state(false);

  /**
   * Checks `value` with the same schema the server uses, then hands the parsed data to `send`.
   * Failures (local or from the server) land in `fields` and `error`. Resolves to whether it went through.
   */
  async submit<S extends z.ZodType>(schema: S, value: unknown, send: (data: z.output<S>) => Promise<void>): Promise<boolean> {
    this.error = undefined;
    const checked = check(schema, value);
    if (!checked.ok) {
      this.fields = checked.fields;
      this.error = 'Please check the fields marked below.';
      return false;
    }
    this.fields = {};
    this.busy = true;
    try {
      await send(checked.data);
      return true;
    } catch (error) {
      ({ message: this.error, fields: this.fields } = failure(error));
      return false;
    } finally {
      this.busy = false;
    }
  }
}
