package io.firstbell.stack.roster;

/** A roster user; {@code grade} is null for teachers, {@code badgeDigest} null for users without a badge. */
public record User(
    long id,
    String username,
    UserType type,
    int districtId,
    String districtSlug,
    int schoolId,
    String firstName,
    String lastName,
    String grade,
    String passwordHash,
    String badgeDigest) {

  /** @return "First Last" */
  public String name() {
    return firstName + " " + lastName;
  }
}
