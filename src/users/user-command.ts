import { Command, Option } from 'commander';
import type { Runtime } from '../runtime.ts';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  // One line: the trailing newline of `echo` or a file is not part of the password.
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

interface Options {
  org: string;
  email: string;
  role: 'owner' | 'member' | 'viewer';
  name?: string;
  language?: 'da' | 'sv' | 'de' | 'en';
  passwordStdin?: boolean;
}

/**
 * `kassa user create`: adds a person to an organization. The password comes from standard input
 * with --password-stdin; otherwise one is generated and printed once, alone on the last line.
 */
export function userCreateCommand(
  withRuntime: (work: (runtime: Runtime) => Promise<void>) => Promise<void>,
  failure: (message: string) => Error,
): Command {
  return new Command('create')
    .description('Add a person who signs in to the web app (a generated password is printed once)')
    .requiredOption('--org <slug>', 'the organization')
    .requiredOption('--email <email>', 'the e-mail address they sign in with')
    .addOption(
      new Option('--role <role>', 'what they may do')
        .choices(['owner', 'member', 'viewer'])
        .makeOptionMandatory(),
    )
    .option('--name <name>', 'their name (default: the e-mail before the @)')
    .addOption(new Option('--language <language>', 'their language').choices(['da', 'sv', 'de', 'en']))
    .option('--password-stdin', 'read the password from standard input instead of generating one')
    .addHelpText(
      'after',
      '\nExamples:\n  $ kassa user create --org demo --email jane@example.com --role owner\n  $ echo "$PASSWORD" | kassa user create --org demo --email ops@example.com --role viewer --password-stdin\n',
    )
    .action((options: Options) =>
      withRuntime(async ({ services }) => {
        // Loaded when the command runs: `kassa --help` needs none of it (argon2 among it).
        const [{ commandLineActor }, { findOrganizationBySlug }, { createUser }, { generatePassword }] =
          await Promise.all([
            import('../context.ts'),
            import('../tenancy/organizations.ts'),
            import('./create-user.ts'),
            import('./passwords.ts'),
          ]);
        const organization = await findOrganizationBySlug(services.db, options.org);
        if (!organization) throw failure(`No organization with slug ${options.org}.`);
        const generated = options.passwordStdin ? null : generatePassword();
        const password = generated ?? (await readStdin());
        const result = await createUser(
          { ...services, actor: commandLineActor(organization) },
          {
            email: options.email,
            role: options.role,
            name: options.name,
            language: options.language,
            password,
          },
        );
        if (!result.ok) throw failure(result.failure.detail);
        const { user, existing } = result.value;
        const who = `${user.email} (${user.id}) as ${user.role} of ${organization.slug}`;
        if (existing) {
          console.log(`Added ${who}. They already had a password; it is unchanged.`);
          return;
        }
        if (!generated) {
          console.log(`Created ${who}.`);
          return;
        }
        console.log(`Created ${who}. Their password is shown only now:`);
        console.log(generated);
      }),
    );
}
