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
      const errors = fieldErrors(error);
      const known = Object.keys(errors).filter((field) => field in values);
      form.setErrors(Object.fromEntries(known.map((field) => [field, errors[field]])));
      if (known.length === 0) {
        const message = error instanceof ApiError ? error.problem.detail : (error as Error).message;
        setProblem(message);
        if (!(error instanceof ApiError)) notifications.show({ color: 'red', message });
      }
    }
  });
  return { form, onSubmit, problem };
}

/** Empty text inputs are null for the API (a field cleared), never "". */
export function blankToNull<V extends Record<string, unknown>>(values: V): V {
  return Object.fromEntries(
    Object.entries(values).map(([key, value]) => [
      key,
      typeof value === 'string' && value.trim() === '' ? null : value,
    ]),
  ) as V;
}
