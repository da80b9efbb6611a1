import { type UseFormReturnType, useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { ApiError, fieldErrors } from '../api/client.ts';

/**
 * A Mantine form whose submit calls the API; the API's own messages land on the fields they name,
 * and whatever names no field is shown above the form.
 */
export function useApiForm<V extends Record<string, unknown>, R>(
  initialValues: V,
  submit: (values: V) => Promise<R>,
  done: (result: R) => void | Promise<void>,
): {
  form: UseFormReturnType<V>;
  onSubmit: (event?: React.FormEvent<HTMLFormElement>) => void;
  problem: string | null;
} {
  const form = useForm<V>({ initialValues });
  const [problem, setProblem] = useState<string | null>(null);
  const onSubmit = form.onSubmit(async (values) => {
    setProblem(null);
    try {
      await done(await submit(values));
    } catch (error) {
      const onFields = fieldsOf(fieldErrors(error), Object.keys(values));
      form.setErrors(onFields);
      if (Object.keys(onFields).length === 0) {
        const message = error instanceof ApiError ? error.problem.detail : (error as Error).message;
        setProblem(message);
        if (!(error instanceof ApiError)) notifications.show({ color: 'red', message });
      }
    }
  });
  return { form, onSubmit, problem };
}

/**
 * The API's field errors on the form's fields; `rates.DK` or `tiers.0.discount` lands on `rates`,
 * `tiers`, and a path parameter or body field named as such (`path.currency`, `body.rate`) on `currency`, `rate`.
 */
export function fieldsOf(errors: Record<string, string>, fields: string[]): Record<string, string> {
  const placed: Record<string, string> = {};
  for (const [path, message] of Object.entries(errors)) {
    const bare = path.replace(/^(path|body)\./, '');
    const field = fields.find((name) => bare === name || bare.startsWith(`${name}.`));
    // The API names the field in its message too ("email: not an e-mail"); under the field it needs no name.
    const named = [path, bare].find((name) => message.startsWith(`${name}: `));
    if (field) placed[field] ??= named ? message.slice(named.length + 2) : message;
  }
  return placed;
}
