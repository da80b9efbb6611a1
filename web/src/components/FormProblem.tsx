import { Alert } from '@mantine/core';

/** What the API refused without naming a field, shown above the form it concerns; nothing when all is well. */
export function FormProblem({ problem }: { problem: string | null | undefined }) {
  if (!problem) return null;
  return (
    <Alert color="red" role="alert">
      {problem}
    </Alert>
  );
}
