package dev.kongjian.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProbeTests {

    @Test
    void countsInstancesThatEurekaListsAsUp() {
        String two = """
                {"application":{"name":"FEED-SERVICE","instance":[
                  {"instanceId":"a","status":"UP","overriddenStatus":"UNKNOWN"},
                  {"instanceId":"b","status":"STARTING"},
                  {"instanceId":"c","status":"UP"}]}}""";
        String one = """
                {"application":{"name":"GATEWAY","instance":{"instanceId":"a","status":"UP"}}}""";

        assertThat(Probe.countUp(two)).isEqualTo(2);
        assertThat(Probe.countUp(one)).isEqualTo(1);
        assertThat(Probe.countUp("{}")).isZero();
    }
}
