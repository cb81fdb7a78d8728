package io.firstbell.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.firstbell.config.SettingsException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialsFileTest {

  @TempDir Path dir;

  private Path file(String text) throws Exception {
    return Files.writeString(dir.resolve("credentials.csv"), text, StandardCharsets.UTF_8);
  }

  private String error(String text) throws Exception {
    Path f = file(text);
    return assertThrows(SettingsException.class, () -> CredentialsFile.read(f)).getMessage().replace(f.toString(), "F");
  }

  @Test
  void quotedCommasQuotesAndLineBreaksCrlfAndAByteOrderMarkAreRead() throws Exception {
    Path f = file("\uFEFFusername,password,user_type,district,login_method\r\n"
        + "ava,\"pass,word\",student,d1,password\r\n"
        + "\"o\"\"malley\",\"two\nlines\",Teacher,d2,PASSWORD\r\n"
        + "\r\n"
        + "kid,BADGE42,student,d1,Badge\r\n");

    List<CredentialsFile.User> users = CredentialsFile.read(f).users();

    assertEquals(List.of(new CredentialsFile.User("ava", "pass,word", "student", "d1", "password", 2),
        new CredentialsFile.User("o\"malley", "two\nlines", "teacher", "d2", "password", 3),
        new CredentialsFile.User("kid", "BADGE42", "student", "d1", "badge", 6)), users);
  }

  @Test
  void aRowWithTooFewOrTooManyFieldsStopsTheRunWithItsLine() throws Exception {
    assertEquals("The credentials file F, line 3, has 6 fields but a user has 5 (username,password,user_type,district,login_method); "
        + "quote a value that holds a comma, e.g. \"pass,word\"", error("username,password,user_type,district,login_method\n"
        + "ava,pw,student,d1,password\nbo,pass,word,student,d1,password\n"));
    assertEquals("The credentials file F, line 2, has 4 fields but a user has 5 (username,password,user_type,district,login_method); "
        + "quote a value that holds a comma, e.g. \"pass,word\"", error("username,password,user_type,district,login_method\nava,pw,student,d1\n"));
  }

  @Test
  void anUnknownUserTypeOrLoginMethodStopsTheRun() throws Exception {
    String header = "username,password,user_type,district,login_method\n";
    assertEquals("The credentials file F, line 2, has user_type 'parent' but it must be student or teacher", error(header + "ava,pw,parent,d1,password\n"));
    assertEquals("The credentials file F, line 2, has login_method 'qr' but it must be password or badge", error(header + "ava,pw,student,d1,qr\n"));
    assertEquals("The credentials file F, line 2, has no username", error(header + " ,pw,student,d1,password\n"));
  }

  @Test
  void aWrongHeaderAnEmptyFileAndAHeaderOnlyFileStopTheRun() throws Exception {
    assertEquals("The credentials file F, line 1, starts with 'user,pass' but must start with the header line "
        + "'username,password,user_type,district,login_method'", error("user,pass\nava,pw\n"));
    assertEquals("The credentials file F, line 1, is empty: it needs the header line 'username,password,user_type,district,login_method' "
        + "and one line per user", error(""));
    assertEquals("The credentials file F, line 1, holds no users: add one line per user after the header "
        + "'username,password,user_type,district,login_method'", error("username,password,user_type,district,login_method\n"));
  }

  @Test
  void aFileThatIsNotUtf8StopsTheRunNamingTheFix() throws Exception {
    Path f = dir.resolve("latin1.csv");
    Files.write(f, "username,password,user_type,district,login_method\nren\u00e9,pw,student,d1,password\n".getBytes(StandardCharsets.ISO_8859_1));

    SettingsException e = assertThrows(SettingsException.class, () -> CredentialsFile.read(f));

    assertEquals("The credentials file " + f + " is not UTF-8 text: save it as UTF-8 (in a spreadsheet: CSV UTF-8)", e.getMessage());
  }

  @Test
  void duplicateUsernamesAreKeptAndReported() throws Exception {
    Path f = file("username,password,user_type,district,login_method\nava,pw,student,d1,password\nava,pw,student,d1,password\nbo,pw,teacher,d1,password\n");

    CredentialsFile.Contents c = CredentialsFile.read(f);

    assertEquals(3, c.users().size());
    assertEquals(List.of("ava"), c.duplicates());
  }

  @Test
  void anUnterminatedQuoteIsInvalidCsvWithTheFix() throws Exception {
    String message = error("username,password,user_type,district,login_method\nava,\"pw,student,d1,password\n");
    assertEquals(true, message.startsWith("The credentials file F, line "), message);
    assertEquals(true, message.contains("quote a value that holds a comma, a quote or a line break"), message);
  }
}
