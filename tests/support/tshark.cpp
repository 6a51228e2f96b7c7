#include "support/tshark.h"

#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace glasscore::test {

namespace {

// tshark's expert severities (epan/proto.h PI_CHAT .. PI_ERROR).
std::string severity_name(const std::string& value) {
  if (value == "2097152") {
    return "chat";
  }
  if (value == "4194304") {
    return "note";
  }
  if (value == "6291456") {
    return "warning";
  }
  if (value == "8388608") {
    return "error";
  }
  return value;
}

std::optional<std::string> run(const std::string& command, int& status) {
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) {
    return std::nullopt;
  }
  std::string out;
  std::array<char, 4096> buf{};
  std::size_t n = 0;
  while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) {
    out.append(buf.data(), n);
  }
  status = ::pclose(pipe);
  return out;
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (c == sep) {
      out.push_back(cur);
      cur.clear();
    } else {
      cur.push_back(c);
    }
  }
  out.push_back(cur);
  return out;
}

bool executable(const char* path) {
  return ::access(path, X_OK) == 0;
}

}  // namespace

std::vector<std::string> tshark_packet::problems() const {
  std::vector<std::string> out;
  for (const auto& e : expert) {
    if (e.severity == "warning" || e.severity == "error") {
      out.push_back(e.severity + ": " + e.message);
    }
  }
  if (malformed) {
    out.emplace_back("malformed packet");
  }
  return out;
}

const std::vector<std::string>& tshark_packet::values(const std::string& field) const {
  static const std::vector<std::string> none;
  const auto it = fields.find(field);
  return it == fields.end() ? none : it->second;
}

std::optional<std::string> tshark_path() {
  if (executable("/usr/bin/tshark") && executable("/usr/bin/text2pcap")) {
    return std::string("/usr/bin/tshark");
  }
  return std::nullopt;
}

std::optional<std::vector<tshark_packet>> run_tshark(
    const std::vector<std::vector<std::uint8_t>>& pdus, std::string_view dissector,
    const std::vector<std::string>& fields, std::string* error,
    const std::vector<std::string>& extra_options) {
  auto set_error = [error](const std::string& what) {
    if (error != nullptr) {
      *error = what;
    }
  };
  const auto tshark = tshark_path();
  if (!tshark) {
    set_error("tshark not installed");
    return std::nullopt;
  }
  std::string dir_template =
      (std::filesystem::temp_directory_path() / "glasscore-tshark-XXXXXX").string();
  if (::mkdtemp(dir_template.data()) == nullptr) {
    set_error("mkdtemp failed");
    return std::nullopt;
  }
  const std::filesystem::path dir(dir_template);
  const auto text = dir / "pdus.txt";
  const auto pcap = dir / "pdus.pcap";
  {
    // text2pcap input: each packet is a hex dump whose offsets restart at 0000.
    std::ofstream out(text);
    static constexpr char digits[] = "0123456789abcdef";
    for (const auto& pdu : pdus) {
      for (std::size_t i = 0; i < pdu.size(); i += 16) {
        char offset[24];
        std::snprintf(offset, sizeof(offset), "%06zx", i);
        out << offset;
        for (std::size_t j = i; j < pdu.size() && j < i + 16; ++j) {
          out << ' ' << digits[pdu[j] >> 4] << digits[pdu[j] & 0xf];
        }
        out << '\n';
      }
    }
  }
  int status = 0;
  const std::string to_pcap =
      "/usr/bin/text2pcap -q -l 147 '" + text.string() + "' '" + pcap.string() + "' 2>&1";
  if (!run(to_pcap, status) || status != 0) {
    set_error("text2pcap failed");
    std::filesystem::remove_all(dir);
    return std::nullopt;
  }
  std::ostringstream cmd;
  cmd << *tshark << " -n -o 'uat:user_dlts:\"User 0 (DLT=147)\",\"" << dissector
      << "\",\"0\",\"\",\"0\",\"\"'";
  for (const auto& o : extra_options) {
    cmd << " -o '" << o << "'";
  }
  cmd << " -r '" << pcap.string()
      << "' -T fields -E separator=/t -E occurrence=a -E 'aggregator=|' -E quote=n"
      << " -e frame.number -e _ws.malformed -e _ws.expert.severity -e _ws.expert.message";
  for (const auto& f : fields) {
    cmd << " -e " << f;
  }
  cmd << " 2>/dev/null";
  const auto out = run(cmd.str(), status);
  std::filesystem::remove_all(dir);
  if (!out || status != 0) {
    set_error("tshark failed: " + cmd.str());
    return std::nullopt;
  }
  std::vector<tshark_packet> packets;
  for (const auto& line : split(*out, '\n')) {
    if (line.empty()) {
      continue;
    }
    const auto cols = split(line, '\t');
    if (cols.size() < 4 + fields.size()) {
      continue;
    }
    tshark_packet p;
    p.malformed = !cols[1].empty();
    const auto sev = split(cols[2], '|');
    const auto msgs = split(cols[3], '|');
    for (std::size_t i = 0; i < sev.size(); ++i) {
      if (!sev[i].empty()) {
        p.expert.push_back({severity_name(sev[i]), i < msgs.size() ? msgs[i] : cols[3]});
      }
    }
    for (std::size_t i = 0; i < fields.size(); ++i) {
      const std::string& v = cols[4 + i];
      p.fields[fields[i]] = v.empty() ? std::vector<std::string>{} : split(v, '|');
    }
    packets.push_back(std::move(p));
  }
  if (packets.size() != pdus.size()) {
    set_error("tshark returned " + std::to_string(packets.size()) + " packets for " +
              std::to_string(pdus.size()));
    return std::nullopt;
  }
  return packets;
}

}  // namespace glasscore::test
