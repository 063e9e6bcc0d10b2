package dev.mfakit.cli;

import java.lang.reflect.Constructor;
import picocli.CommandLine;
import picocli.CommandLine.IFactory;

/** Entry point of {@code mfa}: builds the command line and runs it. */
public final class Main {
  private Main() {}

  /**
   * Runs {@code mfa} in this process and exits with its exit code.
   *
   * @param args the command-line arguments
   */
  public static void main(String[] args) {
    System.exit(run(Context.system(), args));
  }

  /**
   * Runs {@code mfa} with the given context.
   *
   * @param ctx streams, environment and prompter to use
   * @param args the command-line arguments
   * @return the exit code (see {@code mfa --help})
   */
  static int run(Context ctx, String... args) {
    int code = newCommandLine(ctx).execute(args);
    ctx.out().flush();
    ctx.err().flush();
    return code;
  }

  /**
   * The fully wired command line: verbs built with {@code ctx}, out/err writers, error handlers, the exit code
   * list and version on every verb. Tests use it as is.
   *
   * @param ctx the context every command receives
   * @return the command line, ready to {@code execute} or {@code parseArgs}
   */
  static CommandLine newCommandLine(Context ctx) {
    CommandLine cl = new CommandLine(new MfaCommand(), new Factory(ctx));
    Errors errors = new Errors(ctx);
    cl.setOut(ctx.out());
    cl.setErr(ctx.err());
    cl.setColorScheme(Colours.helpScheme(ctx.ansi()));
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setExecutionExceptionHandler(errors);
    cl.setParameterExceptionHandler(errors);
    configure(cl);
    return cl;
  }

  private static void configure(CommandLine cl) {
    cl.getCommandSpec().usageMessage()
        .optionListHeading("%nOptions:%n")
        .commandListHeading("%nCommands:%n")
        .exitCodeListHeading("%nExit codes:%n")
        .exitCodeList(ExitCode.descriptions())
        .width(100)
        .autoWidth(true);
    if (cl.getCommandSpec().versionProvider() == null) {
      cl.getCommandSpec().versionProvider(new MfaCommand.Version());
    }
    for (CommandLine sub : cl.getSubcommands().values()) {
      configure(sub);
    }
  }

  /** Creates verbs with the Context; everything else (mixins, groups, converters) the picocli way. */
  private record Factory(Context ctx) implements IFactory {
    @Override
    public <K> K create(Class<K> cls) throws Exception {
      try {
        Constructor<K> c = cls.getDeclaredConstructor(Context.class);
        return c.newInstance(ctx);
      } catch (NoSuchMethodException e) {
        return CommandLine.defaultFactory().create(cls);
      }
    }
  }
}
