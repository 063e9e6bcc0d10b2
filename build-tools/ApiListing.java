import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Build step (run by the build in every module that has an {@code api/} directory, as a single-file program with the
 * module's runtime class path): the module's public API as text, one line per public or protected signature, the
 * way OkHttp keeps {@code api/okhttp.api}. {@code check} fails when the compiled classes differ from the checked-in
 * listing, so that every change to the API is a visible diff in review; {@code update} rewrites the listing.
 *
 * <p>What is listed: the packages the module exports (its module-info), every public class in them (nested ones
 * too), each with its kind, modifiers, supertypes and permitted subclasses, and its public and protected
 * constructors, methods and fields with generic types and throws clauses. Sorted, so the listing depends only on the
 * API: a merge conflict in it is resolved by regenerating.
 *
 * <p>Why not japicmp or revapi: both compare against a released artifact, and there is none before 1.0; a baseline
 * jar in the repository would be a binary that no review can read.
 */
public final class ApiListing {
  private static final String REGENERATE = "./mvnw -o -q -DskipTests verify -Dmfakit.api=update";

  private ApiListing() {}

  /**
   * Checks or rewrites a listing.
   *
   * @param args {@code check} or {@code update}, the module's classes directory, the listing file
   */
  public static void main(String[] args) throws Exception {
    String mode = args[0];
    Path classes = Path.of(args[1]);
    Path listing = Path.of(args[2]);
    String actual = listing(classes);
    if (mode.equals("update")) {
      Files.createDirectories(listing.toAbsolutePath().getParent());
      Files.writeString(listing, actual, StandardCharsets.UTF_8);
      System.out.println("API listing written: " + listing);
      return;
    }
    if (!mode.equals("check")) {
      throw new IllegalArgumentException("mode must be check or update, not " + mode);
    }
    String expected = Files.exists(listing) ? Files.readString(listing, StandardCharsets.UTF_8) : "";
    if (!expected.equals(actual)) {
      List<String> was = qualified(expected);
      List<String> now = qualified(actual);
      StringBuilder diff = new StringBuilder();
      for (String line : was) {
        if (!now.contains(line)) {
          diff.append("  - ").append(line).append('\n');
        }
      }
      for (String line : now) {
        if (!was.contains(line)) {
          diff.append("  + ").append(line).append('\n');
        }
      }
      System.err.println("The public API differs from " + listing + " (- only in the listing, + only in the code):\n"
          + diff + "If the change is intended, regenerate the listing and commit it with the change: " + REGENERATE);
      System.exit(1);
    }
  }

  /** Each member line prefixed with its class's header, so that a difference names where it is. */
  private static List<String> qualified(String listing) {
    List<String> lines = new ArrayList<>();
    String type = "";
    for (String line : listing.lines().toList()) {
      if (line.startsWith("  ")) {
        lines.add(type + ": " + line.strip());
      } else if (!line.isBlank() && !line.startsWith("#")) {
        type = line;
        lines.add(line);
      }
    }
    return lines;
  }

  /** The listing of the module whose classes are in {@code classes} (loadable from this program's class path). */
  static String listing(Path classes) throws IOException, ClassNotFoundException {
    Set<String> exported = exportedPackages(classes);
    ClassLoader loader = ApiListing.class.getClassLoader();
    TreeMap<String, List<String>> types = new TreeMap<>();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(classes)) {
      files = walk.filter(p -> p.toString().endsWith(".class")).sorted().toList();
    }
    for (Path file : files) {
      String name = classes.relativize(file).toString().replace(file.getFileSystem().getSeparator(), ".")
          .replaceFirst("\\.class$", "");
      if (name.endsWith("module-info") || name.endsWith("package-info")) {
        continue;
      }
      int dot = name.lastIndexOf('.');
      if (dot < 0 || !exported.contains(name.substring(0, dot))) {
        continue;
      }
      Class<?> c = Class.forName(name, false, loader);
      if (!visible(c)) {
        continue;
      }
      List<String> members = new ArrayList<>();
      for (Field f : c.getDeclaredFields()) {
        if (api(f) && !f.isSynthetic()) {
          members.add(annotations(f) + modifiers(f.getModifiers(), Modifier.fieldModifiers()) + name(f.getGenericType())
              + " " + f.getName());
        }
      }
      for (Constructor<?> k : c.getDeclaredConstructors()) {
        if (api(k) && !k.isSynthetic()) {
          members.add(annotations(k) + modifiers(k.getModifiers(), Modifier.constructorModifiers())
              + typeParameters(k.getTypeParameters()) + c.getSimpleName() + parameters(k) + exceptions(k));
        }
      }
      for (Method m : c.getDeclaredMethods()) {
        if (api(m) && !m.isSynthetic() && !m.isBridge()) {
          int mods = m.getModifiers() & Modifier.methodModifiers();
          String extra = m.isDefault() ? "default " : "";
          members.add(annotations(m) + modifiers(mods, Modifier.methodModifiers()) + extra
              + typeParameters(m.getTypeParameters()) + name(m.getGenericReturnType()) + " " + m.getName()
              + parameters(m) + exceptions(m));
        }
      }
      members.sort(null);
      types.put(c.getName(), withHeader(header(c), members));
    }
    StringBuilder out = new StringBuilder();
    out.append("# The public API, generated from the compiled classes by build-tools/ApiListing.java; a difference\n")
        .append("# fails the build. After an intended change: ").append(REGENERATE).append('\n');
    out.append("# exports ").append(String.join(", ", exported)).append('\n');
    for (List<String> block : types.values()) {
      out.append('\n');
      for (String line : block) {
        out.append(line).append('\n');
      }
    }
    return out.toString();
  }

  private static List<String> withHeader(String header, List<String> members) {
    List<String> block = new ArrayList<>();
    block.add(header);
    for (String m : members) {
      block.add("  " + m);
    }
    return block;
  }

  /** Unqualified exports of module-info.class; without one, every package that is not named internal. */
  private static Set<String> exportedPackages(Path classes) throws IOException {
    Path info = classes.resolve("module-info.class");
    if (Files.exists(info)) {
      try (InputStream in = Files.newInputStream(info)) {
        return ModuleDescriptor.read(in).exports().stream().filter(e -> !e.isQualified())
            .map(ModuleDescriptor.Exports::source).sorted()
            .collect(Collectors.toCollection(LinkedHashSet::new));
      }
    }
    try (Stream<Path> walk = Files.walk(classes)) {
      return walk.filter(p -> p.toString().endsWith(".class")).map(p -> classes.relativize(p.getParent()).toString()
          .replace(p.getFileSystem().getSeparator(), ".")).filter(p -> !p.contains("internal")).sorted()
          .collect(Collectors.toCollection(LinkedHashSet::new));
    }
  }

  /** A public class whose enclosing classes are public too (nothing local, anonymous or synthetic). */
  private static boolean visible(Class<?> c) {
    for (Class<?> k = c; k != null; k = k.getDeclaringClass()) {
      if (!Modifier.isPublic(k.getModifiers()) || k.isAnonymousClass() || k.isLocalClass() || k.isSynthetic()) {
        return false;
      }
    }
    return true;
  }

  private static boolean api(Member m) {
    return Modifier.isPublic(m.getModifiers()) || Modifier.isProtected(m.getModifiers());
  }

  private static String header(Class<?> c) {
    List<String> words = new ArrayList<>();
    words.add(annotations(c).strip());
    int mods = c.getModifiers() & Modifier.classModifiers();
    String kind;
    if (c.isAnnotation()) {
      kind = "@interface";
      mods &= ~(Modifier.ABSTRACT | Modifier.INTERFACE);
    } else if (c.isInterface()) {
      kind = "interface";
      mods &= ~(Modifier.ABSTRACT | Modifier.INTERFACE);
    } else if (c.isEnum()) {
      kind = "enum";
      mods &= ~Modifier.FINAL;
    } else if (c.isRecord()) {
      kind = "record";
      mods &= ~Modifier.FINAL;
    } else {
      kind = "class";
    }
    if (!kind.equals("class")) {
      mods &= ~Modifier.STATIC; // implicit for a nested interface, enum or record
    }
    words.add(modifiers(mods, Modifier.classModifiers()).strip());
    if (c.isSealed()) {
      words.add("sealed");
    } else if (!Modifier.isFinal(c.getModifiers()) && supertypes(c).stream().anyMatch(Class::isSealed)) {
      words.add("non-sealed");
    }
    words.add(kind);
    words.add(c.getName() + typeParameters(c.getTypeParameters()).strip());
    Type superclass = c.getGenericSuperclass();
    if (superclass != null && superclass != Object.class && !c.isEnum() && !c.isRecord()) {
      words.add("extends " + name(superclass));
    }
    Type[] interfaces = c.getGenericInterfaces();
    if (interfaces.length > 0 && !c.isAnnotation()) {
      words.add((c.isInterface() ? "extends " : "implements ")
          + Arrays.stream(interfaces).map(ApiListing::name).collect(Collectors.joining(", ")));
    }
    if (c.isSealed()) {
      words.add("permits " + Arrays.stream(c.getPermittedSubclasses()).map(Class::getName).sorted()
          .collect(Collectors.joining(", ")));
    }
    return words.stream().filter(w -> !w.isEmpty()).collect(Collectors.joining(" "));
  }

  private static List<Class<?>> supertypes(Class<?> c) {
    List<Class<?>> all = new ArrayList<>(List.of(c.getInterfaces()));
    if (c.getSuperclass() != null) {
      all.add(c.getSuperclass());
    }
    return all;
  }

  private static String annotations(AnnotatedElement e) {
    return e.isAnnotationPresent(Deprecated.class) ? "@Deprecated " : "";
  }

  private static String modifiers(int modifiers, int allowed) {
    String s = Modifier.toString(modifiers & allowed & ~(Modifier.SYNCHRONIZED | Modifier.NATIVE | Modifier.STRICT
        | Modifier.TRANSIENT | Modifier.VOLATILE));
    return s.isEmpty() ? "" : s + " ";
  }

  private static String typeParameters(TypeVariable<?>[] variables) {
    if (variables.length == 0) {
      return "";
    }
    return Arrays.stream(variables).map(v -> {
      Type[] bounds = v.getBounds();
      boolean plain = bounds.length == 1 && bounds[0] == Object.class;
      return plain ? v.getName() : v.getName() + " extends "
          + Arrays.stream(bounds).map(ApiListing::name).collect(Collectors.joining(" & "));
    }).collect(Collectors.joining(", ", "<", "> "));
  }

  private static String parameters(Executable e) {
    Type[] types = e.getGenericParameterTypes();
    Parameter[] declared = e.getParameters();
    // An inner class's or an enum's constructor may take implicit parameters that have no generic type.
    if (types.length != declared.length) {
      types = Arrays.stream(declared).map(Parameter::getParameterizedType).toArray(Type[]::new);
    }
    List<String> names = new ArrayList<>();
    for (int i = 0; i < types.length; i++) {
      String t = name(types[i]);
      if (e.isVarArgs() && i == types.length - 1 && t.endsWith("[]")) {
        t = t.substring(0, t.length() - 2) + "...";
      }
      names.add(t);
    }
    return "(" + String.join(", ", names) + ")";
  }

  private static String exceptions(Executable e) {
    Type[] thrown = e.getGenericExceptionTypes();
    return thrown.length == 0 ? "" : " throws " + Arrays.stream(thrown).map(ApiListing::name)
        .collect(Collectors.joining(", "));
  }

  /** A type as written, without java.lang. for brevity (nothing in an exported package shadows those names). */
  private static String name(Type t) {
    return t.getTypeName().replaceAll("\\bjava\\.lang\\.(?=[A-Z])", "");
  }
}
