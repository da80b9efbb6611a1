import { notifications } from '@mantine/notifications';

/** A short message at the top of the page, its close button named in the reader's language. */
export function notify(color: 'green' | 'orange' | 'red', message: string, closeLabel: string) {
  notifications.show({ color, message, closeButtonProps: { 'aria-label': closeLabel } });
}
