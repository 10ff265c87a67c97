package consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cdk8s_stateful_web.ClaimAccessMode;
import io.github.cdk8s_stateful_web.HeadlessService;
import io.github.cdk8s_stateful_web.NfsStorage;
import io.github.cdk8s_stateful_web.PodSecurityLevel;
import io.github.cdk8s_stateful_web.PodSecurityNamespace;
import io.github.cdk8s_stateful_web.ReclaimPolicy;
import io.github.cdk8s_stateful_web.StatefulWeb;
import io.github.cdk8s_stateful_web.VolumeBindingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.cdk8s.ApiObject;
import org.cdk8s.App;
import org.cdk8s.AppProps;
import org.cdk8s.Chart;
import org.cdk8s.ChartProps;
import org.cdk8s.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import software.constructs.Construct;

/**
 * The tutorial's lab built through the Java binding (the artifact in dist/java),
 * construct id for construct id the same as examples/lab/lab.ts. LAB_YAML names
 * the TypeScript lab's output; the lab synthesized here must equal it object for
 * object.
 */
class LabTest {

  record Lab(NfsStorage storage, HeadlessService service, StatefulWeb web) {}

  static Lab buildLab(App app) {
    Chart chart = new Chart(app, "lab", ChartProps.builder().namespace("xgp-lll").build());
    ApiObject namespace = PodSecurityNamespace.Builder.create(chart, "Namespace")
        .enforce(PodSecurityLevel.BASELINE)
        .warn(PodSecurityLevel.RESTRICTED)
        .audit(PodSecurityLevel.RESTRICTED)
        .build()
        .getApiObject();
    NfsStorage storage = NfsStorage.Builder.create(chart, "Nfs")
        .server("192.168.1.21")
        .path("/nfsdata")
        .provisionerName("xgp")
        .storageClassName("stateful-nfs")
        .reclaimPolicy(ReclaimPolicy.RETAIN)
        .volumeBindingMode(VolumeBindingMode.WAIT_FOR_FIRST_CONSUMER)
        .build();
    HeadlessService service = HeadlessService.Builder.create(chart, "Service").name("headless-svc").build();
    StatefulWeb web = StatefulWeb.Builder.create(chart, "Web")
        .name("statefulset-test")
        .replicas(3)
        .image("httpd:2.4.62")
        .service(service)
        .storage(storage)
        .claimName("test")
        .storageSize(Size.mebibytes(100))
        .accessModes(List.of(ClaimAccessMode.READ_WRITE_ONCE))
        .mountPath("/usr/local/apache2/htdocs")
        .pages(List.of("123", "456", "789"))
        .build();
    for (Construct c : List.<Construct>of(storage, service, web)) {
      c.getNode().addDependency(namespace);
    }
    return new Lab(storage, service, web);
  }

  @Test
  void labEqualsTheTypeScriptLab(@TempDir Path out) throws Exception {
    String expected = Files.readString(Path.of(System.getenv("LAB_YAML")));
    App app = new App(AppProps.builder().outdir(out.toString()).build());
    buildLab(app);
    app.synth();
    String actual = Files.readString(out.resolve("lab.k8s.yaml"));

    Map<String, Object> e = byKey(expected, "TypeScript");
    Map<String, Object> a = byKey(actual, "Java");
    List<String> problems = new ArrayList<>();
    for (String k : e.keySet()) {
      if (!a.containsKey(k)) problems.add(k + ": missing from the Java output");
    }
    for (String k : a.keySet()) {
      if (!e.containsKey(k)) problems.add(k + ": not in the TypeScript output");
    }
    for (String k : e.keySet()) {
      if (a.containsKey(k)) diff(e.get(k), a.get(k), k + " ", problems);
    }
    if (problems.isEmpty() && !new ArrayList<>(e.keySet()).equals(new ArrayList<>(a.keySet()))) {
      problems.add("same objects, other order: TypeScript " + e.keySet() + ", Java " + a.keySet());
    }
    assertTrue(e.size() > 0, "the TypeScript lab has no objects");
    assertEquals(List.of(), problems, String.join("\n", problems));
    System.out.println("java: " + e.size() + " objects equal to the TypeScript lab's");
  }

  @Test
  void resolvedValuesCrossTheBinding() {
    Lab lab = buildLab(new App());
    assertEquals("stateful-nfs", lab.storage().getStorageClassName());
    assertEquals("xgp", lab.storage().getProvisionerName());
    assertEquals(ReclaimPolicy.RETAIN, lab.storage().getReclaimPolicy());
    assertEquals("xgp-lll", lab.storage().getNamespace());
    assertEquals(3, lab.web().getReplicas().intValue());
    assertEquals(List.of("test-statefulset-test-0", "test-statefulset-test-1", "test-statefulset-test-2"),
        lab.web().getClaimNames());
    assertEquals("headless-svc", lab.web().getService().getName());
    assertEquals("statefulset-test-0.headless-svc.xgp-lll.svc.cluster.local",
        lab.service().podDnsName("statefulset-test-0"));
    assertEquals(List.of("http"), lab.service().getPorts().stream().map(p -> p.getName()).toList());
  }

  @Test
  void badInputFailsWithTheLibraryMessage() {
    Chart chart = new Chart(new App(), "bad", ChartProps.builder().namespace("bad").build());
    NfsStorage storage = NfsStorage.Builder.create(chart, "Nfs").server("192.168.1.21").path("/nfsdata").build();
    RuntimeException replicas = assertThrows(RuntimeException.class,
        () -> StatefulWeb.Builder.create(chart, "Web").replicas(-1).storage(storage).build());
    assertTrue(replicas.getMessage().matches("(?s).*'replicas' must be .*-1.*"), replicas.getMessage());
    RuntimeException path = assertThrows(RuntimeException.class,
        () -> NfsStorage.Builder.create(chart, "Nfs2").server("192.168.1.21").path("nfsdata").build());
    assertTrue(path.getMessage().contains("'path' must be"), path.getMessage());
  }

  private static Map<String, Object> byKey(String yamlText, String side) {
    Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
    Map<String, Object> out = new LinkedHashMap<>();
    for (Object doc : yaml.loadAll(yamlText)) {
      if (doc == null) continue;
      Map<?, ?> obj = (Map<?, ?>) doc;
      Map<?, ?> meta = obj.get("metadata") instanceof Map<?, ?> m ? m : Map.of();
      String key = obj.get("apiVersion") + "/" + obj.get("kind") + "/"
          + (meta.get("namespace") == null ? "" : meta.get("namespace")) + "/" + meta.get("name");
      if (out.put(key, doc) != null) throw new AssertionError(key + ": twice in the " + side + " output");
    }
    return out;
  }

  private static void diff(Object expected, Object actual, String path, List<String> problems) {
    if (expected instanceof Map<?, ?> e && actual instanceof Map<?, ?> a) {
      TreeSet<String> keys = new TreeSet<>();
      e.keySet().forEach(k -> keys.add(String.valueOf(k)));
      a.keySet().forEach(k -> keys.add(String.valueOf(k)));
      for (String k : keys) {
        if (!a.containsKey(k)) problems.add(path + "/" + k + ": missing here (TypeScript: " + e.get(k) + ")");
        else if (!e.containsKey(k)) problems.add(path + "/" + k + ": extra here (" + a.get(k) + ")");
        else diff(e.get(k), a.get(k), path + "/" + k, problems);
      }
    } else if (expected instanceof List<?> e && actual instanceof List<?> a && e.size() == a.size()) {
      for (int i = 0; i < e.size(); i++) diff(e.get(i), a.get(i), path + "/" + i, problems);
    } else if (!java.util.Objects.equals(expected, actual)) {
      problems.add(path + ": TypeScript " + expected + ", here " + actual);
    }
  }
}
