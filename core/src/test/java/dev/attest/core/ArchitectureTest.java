package dev.attest.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The core holds the domain only: no SQL, HTTP or JSON library types (DESIGN.md §5). */
class ArchitectureTest {
    @Test
    void core_dependsOnNoSqlHttpOrJsonLibrary() {
        var classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.attest.core");

        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "java.sql..", "javax.sql..", "io.helidon..", "tools.jackson..", "com.fasterxml..", "org.jdbi..")
                .check(classes);
    }
}
