package io.firstbell.stack.roster;

import java.util.Locale;

/** The kinds of roster user. */
public enum UserType {
  STUDENT,
  TEACHER;

  /** @return the lower-case wire name ("student", "teacher") */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
