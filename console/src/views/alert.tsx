/** A message the page must announce (screen readers read `role="alert"` at once); nothing when empty. */
export const Alert = ({ message }: { message: string | undefined }) =>
  message ? (
    <p class="error" role="alert">
      {message}
    </p>
  ) : null;
