# The third-party libraries the s3sandbox modules link, as s3sandbox-private imported targets
# (s3sandbox::dep_*), so that linking them statically never rewrites a target the project that
# embeds s3sandbox uses itself (its SQLite::SQLite3, OpenSSL::Crypto, pugixml::pugixml,
# Boost::json stay as it found them).
#
# Included by the top-level CMakeLists.txt and by the installed s3sandboxConfig.cmake, after
# Boost (json), OpenSSL, SQLite3, pugixml and Threads were found.
# S3SANDBOX_STATIC_DEPS chooses Debian's static archives (the s3sandbox binary's default: faster
# cold start) or the shared libraries (the default for a consumer of the library).
#
# Both ways give every target the same compile definitions and include directories, so objects
# built either way are the same to ccache (the FetchContent consumer build in CI reuses the main
# build's objects).
# Imported targets are visible in the directory that creates them and below: once per directory.
if(TARGET s3sandbox::dep_sqlite3)
  return()
endif()

if(TARGET SQLite::SQLite3)
  get_target_property(_s3sandbox_sqlite_inc SQLite::SQLite3 INTERFACE_INCLUDE_DIRECTORIES)
endif()

# SQLite
if(S3SANDBOX_STATIC_DEPS)
  find_library(S3SANDBOX_SQLITE3_ARCHIVE libsqlite3.a REQUIRED)
  add_library(s3sandbox::dep_sqlite3 STATIC IMPORTED)
  set_target_properties(s3sandbox::dep_sqlite3 PROPERTIES
    IMPORTED_LOCATION "${S3SANDBOX_SQLITE3_ARCHIVE}"
    INTERFACE_INCLUDE_DIRECTORIES "${_s3sandbox_sqlite_inc}"
    INTERFACE_LINK_LIBRARIES "Threads::Threads;${CMAKE_DL_LIBS};m")
else()
  add_library(s3sandbox::dep_sqlite3 INTERFACE IMPORTED)
  set_target_properties(s3sandbox::dep_sqlite3 PROPERTIES INTERFACE_LINK_LIBRARIES SQLite::SQLite3)
endif()

# OpenSSL's libcrypto
if(S3SANDBOX_STATIC_DEPS)
  find_library(S3SANDBOX_CRYPTO_ARCHIVE libcrypto.a REQUIRED)
  add_library(s3sandbox::dep_crypto STATIC IMPORTED)
  set_target_properties(s3sandbox::dep_crypto PROPERTIES
    IMPORTED_LOCATION "${S3SANDBOX_CRYPTO_ARCHIVE}"
    INTERFACE_INCLUDE_DIRECTORIES "${OPENSSL_INCLUDE_DIR}"
    INTERFACE_LINK_LIBRARIES "Threads::Threads;${CMAKE_DL_LIBS}")
else()
  add_library(s3sandbox::dep_crypto INTERFACE IMPORTED)
  set_target_properties(s3sandbox::dep_crypto PROPERTIES INTERFACE_LINK_LIBRARIES OpenSSL::Crypto)
endif()

# OpenSSL's libssl: the http module's HTTPS listener (Asio's ssl::stream); on top of libcrypto.
if(S3SANDBOX_STATIC_DEPS)
  find_library(S3SANDBOX_SSL_ARCHIVE libssl.a REQUIRED)
  add_library(s3sandbox::dep_ssl STATIC IMPORTED)
  set_target_properties(s3sandbox::dep_ssl PROPERTIES
    IMPORTED_LOCATION "${S3SANDBOX_SSL_ARCHIVE}"
    INTERFACE_INCLUDE_DIRECTORIES "${OPENSSL_INCLUDE_DIR}"
    INTERFACE_LINK_LIBRARIES "s3sandbox::dep_crypto")
else()
  add_library(s3sandbox::dep_ssl INTERFACE IMPORTED)
  set_target_properties(s3sandbox::dep_ssl PROPERTIES INTERFACE_LINK_LIBRARIES OpenSSL::SSL)
endif()

# pugixml: its package has both variants as targets of its own.
add_library(s3sandbox::dep_pugixml INTERFACE IMPORTED)
if(S3SANDBOX_STATIC_DEPS)
  set_target_properties(s3sandbox::dep_pugixml PROPERTIES INTERFACE_LINK_LIBRARIES pugixml::static)
else()
  set_target_properties(s3sandbox::dep_pugixml PROPERTIES INTERFACE_LINK_LIBRARIES pugixml::pugixml)
endif()

# Boost.JSON: Boost's package picks the variant from Boost_USE_STATIC_LIBS, a variable that would
# also decide the variant of the consumer's own Boost::json; and its shared variant adds
# BOOST_JSON_DYN_LINK (no effect on ELF platforms, but a different command line for ccache).
# So link the library file itself, with Boost's headers and its static variant's definitions.
add_library(s3sandbox::dep_boost_json INTERFACE IMPORTED)
if(S3SANDBOX_STATIC_DEPS)
  find_library(S3SANDBOX_BOOST_JSON_ARCHIVE libboost_json.a REQUIRED)
  find_library(S3SANDBOX_BOOST_CONTAINER_ARCHIVE libboost_container.a REQUIRED)
  set(_s3sandbox_boost_json "${S3SANDBOX_BOOST_JSON_ARCHIVE};${S3SANDBOX_BOOST_CONTAINER_ARCHIVE}")
else()
  set(_s3sandbox_boost_json "$<TARGET_FILE:Boost::json>")
endif()
set_target_properties(s3sandbox::dep_boost_json PROPERTIES
  INTERFACE_LINK_LIBRARIES "Boost::headers;${_s3sandbox_boost_json}"
  INTERFACE_COMPILE_DEFINITIONS "BOOST_CONTAINER_NO_LIB;BOOST_JSON_NO_LIB")

# Boost.System is header-only since 1.69; its package's shared variant would add
# BOOST_SYSTEM_DYN_LINK, its static one BOOST_SYSTEM_NO_LIB: one fixed choice, as for Boost.JSON.
add_library(s3sandbox::dep_boost_system INTERFACE IMPORTED)
set_target_properties(s3sandbox::dep_boost_system PROPERTIES
  INTERFACE_LINK_LIBRARIES Boost::headers
  INTERFACE_COMPILE_DEFINITIONS BOOST_SYSTEM_NO_LIB)

# ISA-L: PCLMUL CRC32/CRC32C for the S3 checksums (crypto module). Debian: libisal-dev. No static
# archive in Debian, so shared either way.
find_path(S3SANDBOX_ISAL_INCLUDE_DIR isa-l/crc.h)
find_library(S3SANDBOX_ISAL_LIBRARY isal)
if(NOT S3SANDBOX_ISAL_INCLUDE_DIR OR NOT S3SANDBOX_ISAL_LIBRARY)
  message(FATAL_ERROR "ISA-L not found (need <isa-l/crc.h> and libisal): install the Debian "
                      "package libisal-dev, e.g. with scripts/install-deps.sh")
endif()
add_library(s3sandbox::dep_isal UNKNOWN IMPORTED)
set_target_properties(s3sandbox::dep_isal PROPERTIES
  IMPORTED_LOCATION "${S3SANDBOX_ISAL_LIBRARY}"
  INTERFACE_INCLUDE_DIRECTORIES "${S3SANDBOX_ISAL_INCLUDE_DIR}")

unset(_s3sandbox_sqlite_inc)
unset(_s3sandbox_boost_json)
