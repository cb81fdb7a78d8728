package io.firstbell.target;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.firstbell.config.SettingsException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A credentials CSV ({@code username,password,user_type,district,login_method}), read with a real CSV parser (Jackson's):
 * quoted values may hold commas, quotes and line breaks, CRLF and a UTF-8 byte-order mark are fine. Everything else that is
 * wrong stops the run before any load, naming the file, the line and the fix: a file that is not UTF-8, a wrong header, a row
 * with too few or too many fields, an empty username, an unknown {@code user_type} or {@code login_method} (matched without
 * regard to case), a file with no users. Duplicate usernames are allowed (a user may log in more than once) and reported.
 */
public final class CredentialsFile {

  /** The header a credentials file starts with. */
  public static final String HEADER = io.firstbell.stack.roster.CredentialsExport.HEADER;

  private static final List<String> COLUMNS = List.of(HEADER.split(","));
  private static final Set<String> USER_TYPES = Set.of("student", "teacher");
  private static final Set<String> LOGIN_METHODS = Set.of("password", "badge");
  private static final CsvMapper CSV = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);

  /** One user of the file, with the line it starts on. */
  public record User(String username, String password, String userType, String district, String loginMethod, long line) {

    /** @return the user as a Gatling feeder record */
    public Map<String, Object> feederRecord() {
      return Map.of("username", username, "password", password, "userType", userType, "district", district, "loginMethod", loginMethod);
    }
  }

  /** The users of a file, and the usernames that appear more than once. */
  public record Contents(List<User> users, List<String> duplicates) {}

  private CredentialsFile() {}

  /**
   * @return the file's users, in file order
   * @throws SettingsException naming the file, the line and the fix
   */
  public static Contents read(Path file) {
    String text = utf8(file);
    if (text.startsWith("\uFEFF")) text = text.substring(1); // a byte-order mark, as spreadsheets write
    List<User> users = new ArrayList<>();
    try (MappingIterator<List<String>> rows = CSV.readerFor(List.class).with(CsvSchema.emptySchema()).readValues(text)) {
      boolean header = true;
      while (rows.hasNextValue()) {
        long line = rows.getCurrentLocation().getLineNr();
        List<String> row = rows.nextValue();
        if (row.size() == 1 && row.get(0).isBlank()) continue; // a blank line
        if (header) {
          List<String> names = row.stream().map(s -> s.trim().toLowerCase(Locale.ROOT)).toList();
          if (!names.equals(COLUMNS)) {
            throw bad(file, line, "starts with '" + String.join(",", row) + "' but must start with the header line '" + HEADER + "'");
          }
          header = false;
          continue;
        }
        users.add(user(file, line, row));
      }
      if (header) throw bad(file, 1, "is empty: it needs the header line '" + HEADER + "' and one line per user");
    } catch (JsonProcessingException e) {
      throw bad(file, e.getLocation() == null ? 0 : e.getLocation().getLineNr(), "is not valid CSV (" + e.getOriginalMessage()
          + "); quote a value that holds a comma, a quote or a line break, doubling its quotes");
    } catch (IOException e) {
      throw new SettingsException("Cannot read the credentials file " + file + ": " + e.getMessage(), e);
    }
    if (users.isEmpty()) throw bad(file, 1, "holds no users: add one line per user after the header '" + HEADER + "'");
    Map<String, Integer> seen = new LinkedHashMap<>();
    for (User u : users) seen.merge(u.username(), 1, Integer::sum);
    List<String> duplicates = seen.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
    return new Contents(List.copyOf(users), duplicates);
  }

  private static User user(Path file, long line, List<String> row) {
    if (row.size() != COLUMNS.size()) {
      throw bad(file, line, "has " + row.size() + " fields but a user has " + COLUMNS.size() + " (" + HEADER
          + "); quote a value that holds a comma, e.g. \"pass,word\"");
    }
    String username = row.get(0).trim();
    if (username.isEmpty()) throw bad(file, line, "has no username");
    String userType = row.get(2).trim().toLowerCase(Locale.ROOT);
    if (!USER_TYPES.contains(userType)) {
      throw bad(file, line, "has user_type '" + row.get(2) + "' but it must be student or teacher");
    }
    String loginMethod = row.get(4).trim().toLowerCase(Locale.ROOT);
    if (!LOGIN_METHODS.contains(loginMethod)) {
      throw bad(file, line, "has login_method '" + row.get(4) + "' but it must be password or badge");
    }
    return new User(username, row.get(1), userType, row.get(3).trim(), loginMethod, line);
  }

  private static String utf8(Path file) {
    try {
      byte[] bytes = Files.readAllBytes(file);
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new SettingsException("The credentials file " + file + " is not UTF-8 text: save it as UTF-8 (in a spreadsheet: CSV UTF-8)", e);
    } catch (NoSuchFileException e) {
      throw new SettingsException("The credentials file " + file + " does not exist: fix the firstbell.target credentials setting", e);
    } catch (IOException e) {
      throw new SettingsException("Cannot read the credentials file " + file + ": " + e.getMessage(), e);
    }
  }

  private static SettingsException bad(Path file, long line, String what) {
    return new SettingsException("The credentials file " + file + (line > 0 ? ", line " + line + "," : "") + " " + what);
  }
}
