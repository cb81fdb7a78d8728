# The FirstBell image: one load injector, which runs one Gatling simulation (a shard of a run on Kubernetes, see the README).
#   docker build -t registry.example.org/firstbell:0.1.0 .
#   docker run --rm registry.example.org/firstbell:0.1.0 --simulation io.firstbell.simulations.SmokeSimulation

# Build: the Maven wrapper compiles the product and the simulations (Gatling finds them among the test classes) and copies
# every library of the test class path next to them.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY mvnw pom.xml ./
COPY .mvn .mvn
RUN ./mvnw -q -B dependency:resolve
COPY src src
RUN ./mvnw -q -B -DskipTests test-compile dependency:copy-dependencies -DincludeScope=test -DoutputDirectory=target/lib

# Run: a JRE with the classes, the libraries and the run profiles; no Maven, no sources.
FROM eclipse-temurin:17-jre
WORKDIR /app
COPY --from=build /src/target/lib lib
COPY --from=build /src/target/classes classes
COPY --from=build /src/target/test-classes test-classes
COPY simulations simulations
# Gatling's main on the test class path, as the project's forked test runs call it; the arguments name the simulation.
# The Kubernetes manifests (ManifestsMain) replace the command to add the shard's -D settings before the main class.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "--add-opens=java.base/java.lang=ALL-UNNAMED", \
            "-cp", "/app/test-classes:/app/classes:/app/lib/*", "io.gatling.app.Gatling", \
            "--results-folder", "/app/results", "--launcher", "firstbell-docker"]
CMD ["--simulation", "io.firstbell.simulations.SmokeSimulation"]
