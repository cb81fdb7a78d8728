package io.firstbell.stack.roster;

/** What a generated roster holds, and how long it took to build. */
public record RosterSummary(
    int districts,
    int schools,
    int students,
    int teachers,
    int sections,
    int apps,
    int sharingRules,
    int largestDistrictUsers,
    int smallestDistrictUsers,
    long generationMillis) {

  /** @return a one-line description for the console */
  public String describe() {
    return String.format(
        "%,d districts (%,d to %,d users), %,d schools, %,d students, %,d teachers, %,d sections, %,d apps, %,d sharing rules, built in %,d ms",
        districts, smallestDistrictUsers, largestDistrictUsers, schools, students, teachers, sections, apps, sharingRules, generationMillis);
  }
}
