package dev.mfakit.cli;

import dev.mfakit.cli.command.MfaCommand;
import dev.mfakit.cli.output.Colours;
import dev.mfakit.cli.output.Errors;
import java.lang.reflect.Constructor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.IHelpSectionRenderer;
import picocli.CommandLine.Model.UsageMessageSpec;
import picocli.CommandLine.IFactory;

/** Entry point of {@code mfa}: builds the command line and runs it. */
public final class Main {
  private static final String GROUPS = "mfaOptionGroups";

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
    int code = newCommandLine(ctx, args).execute(args);
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
    return wire(ctx, MfaCommand.VERBS);
  }

  /**
   * The command line that {@code args} needs, built lazily: picocli reads every annotation of every verb it is
   * given (and the JVM loads their classes), which was a quarter of what {@code mfa --version} cost. So a line
   * that starts with a verb gets only that verb (with its sub-commands), {@code mfa --version} gets none, and
   * anything else (help, an unknown or misplaced word, {@code completion}) the whole tree, so help, suggestions
   * and errors stay the same.
   *
   * @param ctx the context every command receives
   * @param args the command-line arguments it will run
   * @return the command line, ready to {@code execute(args)}
   */
  static CommandLine newCommandLine(Context ctx, String... args) {
    return wire(ctx, verbsFor(args));
  }

  /** The verbs {@code args} can reach (see {@link #newCommandLine(Context, String...)}). */
  static String[] verbsFor(String... args) {
    // mfa help VERB: the help command and that verb; mfa help alone lists every verb (below).
    if (args.length > 1 && args[0].equals("help") && MfaCommand.verb(args[1]) != null && !args[1].equals("help")) {
      return new String[] {args[1], "help"};
    }
    // completion writes a script for every verb, so it needs the whole tree like help does.
    if (args.length > 0 && !args[0].equals("completion") && !args[0].equals("help")
        && MfaCommand.verb(args[0]) != null) {
      return new String[] {args[0]};
    }
    boolean versionOnly = args.length > 0;
    for (String a : args) {
      versionOnly &= a.equals("--version") || a.equals("-V");
    }
    return versionOnly ? new String[0] : MfaCommand.VERBS;
  }

  private static CommandLine wire(Context ctx, String... verbs) {
    Factory factory = new Factory(ctx);
    CommandLine cl = new CommandLine(new MfaCommand(), factory);
    // Added before the settings below: picocli applies a setter to the sub-commands present at the time.
    for (String verb : verbs) {
      cl.addSubcommand(new CommandLine(MfaCommand.verb(verb), factory));
    }
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
    groupsFirst(cl.getCommandSpec().usageMessage());
    if (cl.getCommandSpec().versionProvider() == null) {
      cl.getCommandSpec().versionProvider(new MfaCommand.Version());
    }
    for (CommandLine sub : cl.getSubcommands().values()) {
      configure(sub);
    }
  }

  /**
   * picocli prints option groups ("Factor (exactly one):") after every other option, with no blank line. The
   * required choice is what a reader needs first, so the groups go before the "Options:" list.
   */
  private static void groupsFirst(UsageMessageSpec usage) {
    List<String> keys = new ArrayList<>(usage.sectionKeys());
    int at = keys.indexOf(UsageMessageSpec.SECTION_KEY_OPTION_LIST_HEADING);
    keys.add(at, GROUPS);
    usage.sectionKeys(keys);
    Map<String, IHelpSectionRenderer> sections = new LinkedHashMap<>(usage.sectionMap());
    sections.put(GROUPS, Help::optionListGroupSections);
    sections.put(UsageMessageSpec.SECTION_KEY_OPTION_LIST,
        help -> help.optionListExcludingGroups(help.commandSpec().options().stream()
            .filter(o -> o.group() == null && !o.hidden()).toList()));
    usage.sectionMap(sections);
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
