/**
 * Dimmed, error and placeholder texts dark enough to read (WCAG AA, 4.5:1 on white) in light mode: Mantine's
 * defaults (gray.6, red.6) are lighter. The app's and the portal's.
 */
export const readableColours = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': '#495057',
    '--mantine-color-error': '#c92a2a',
    '--mantine-color-placeholder': '#646b73',
  },
  dark: {},
});
